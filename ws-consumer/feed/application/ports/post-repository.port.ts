import type { IncomingPost, Post } from '../../domain/post.entity';

/**
 * Posts and likes. Storing is idempotent (a post id stored twice is stored once); a like is a
 * fact per (post, user), so liking twice or unliking what was never liked changes nothing.
 */
export interface PostRepositoryPort {
  /**
   * Stores the posts in order; answers them as stored (a post stored before, by a redelivery,
   * as it was stored then), and the ids whose author is not a user (nothing stored for those).
   */
  store(posts: IncomingPost[]): Promise<{ stored: Post[]; unknownAuthor: string[] }>;
  /** The post as `viewerId` sees it; undefined if there is none. */
  find(id: string, viewerId: string): Promise<Post | undefined>;
  /** Sets (true) or clears (false) the viewer's like; false if the post does not exist. */
  setLike(postId: string, userId: string, liked: boolean): Promise<boolean>;
  /** The newest posts, newest first, by the people `viewerId` follows, stored before the post numbered `beforeSeq`. */
  feed(viewerId: string, beforeSeq: number | undefined, limit: number): Promise<Post[]>;
  /** The posts by the people `viewerId` follows stored after the post numbered `afterSeq`, oldest first. */
  since(viewerId: string, afterSeq: number, limit: number): Promise<Post[]>;
  /** Whether some post is numbered `seq`. */
  seqExists(seq: number): Promise<boolean>;
}
